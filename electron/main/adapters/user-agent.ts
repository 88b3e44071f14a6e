import { UAParser } from 'ua-parser-js';

export interface DeviceInfo {
  deviceType: string;
  browser: string;
  os: string;
}

/** Device type, browser and OS from a user-agent string (ua-parser-js). */
export function describeUserAgent(userAgent: string): DeviceInfo {
  const r = new UAParser(userAgent).getResult();
  const type = r.device.type;
  const deviceType = type ? type.charAt(0).toUpperCase() + type.slice(1) : 'Desktop';
  const browser = [r.browser.name, r.browser.major].filter(Boolean).join(' ') || 'Unknown';
  const os = [r.os.name, r.os.version].filter(Boolean).join(' ') || 'Unknown';
  return { deviceType, browser, os };
}
