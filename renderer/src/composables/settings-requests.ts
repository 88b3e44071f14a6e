import { adminSettingsApi } from '@/api/admin-settings.api';
import { deliveryApi } from '@/api/delivery.api';

/**
 * The Settings page's forms and what each asks main (docs/renderer.md: page-local state, so
 * composables rather than a store; each tab edits its own copy).
 */
export const settingsRequests = {
  auth: { load: adminSettingsApi.getAuth, save: adminSettingsApi.saveAuth },
  passwordPolicy: { load: adminSettingsApi.getPasswordPolicy, save: adminSettingsApi.savePasswordPolicy },
  mail: { load: deliveryApi.mailSettings, save: deliveryApi.saveMail, test: deliveryApi.testMail },
  sms: { load: deliveryApi.smsSettings, save: deliveryApi.saveSms, test: deliveryApi.testSms },
  accountServices: { load: deliveryApi.services, save: deliveryApi.updateServices },
};
