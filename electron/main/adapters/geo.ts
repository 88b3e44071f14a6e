import ipaddr from 'ipaddr.js';

/** Turns an IP address into a place name for sessions and audit rows. */
export interface GeoLookup {
  locate(ip: string): Promise<string>;
}

const LOCAL_RANGES = new Set([
  'private',
  'loopback',
  'linkLocal',
  'uniqueLocal',
  'unspecified',
  'carrierGradeNat',
]);

interface GeoIpLite {
  lookup(ip: string): { country: string; region: string; city: string } | null;
}

/** Offline lookup with geoip-lite's bundled database; loaded on first use (about 250 ms). */
export class OfflineGeoLookup implements GeoLookup {
  private geoip: GeoIpLite | undefined;

  async locate(ip: string): Promise<string> {
    if (!ipaddr.isValid(ip)) return 'Unknown';
    let addr = ipaddr.parse(ip);
    if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
      addr = (addr as ipaddr.IPv6).toIPv4Address();
    }
    if (LOCAL_RANGES.has(addr.range())) return 'Local network';
    if (!this.geoip) {
      const mod = (await import('geoip-lite')) as GeoIpLite & { default?: GeoIpLite };
      this.geoip = mod.default ?? mod;
    }
    const hit = this.geoip.lookup(addr.toString());
    if (!hit) return 'Unknown';
    const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
    const country = hit.country ? (regionNames.of(hit.country) ?? hit.country) : '';
    return [hit.city, country].filter(Boolean).join(', ') || 'Unknown';
  }
}
