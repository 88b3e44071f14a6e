import { describe, expect, it } from 'vitest';
import { en } from './catalog.en';
import type { TemplateData, TemplateName } from './messenger.port';
import { maskAddress, renderCodeSms, renderEmail } from './render';

const SAMPLES: { [T in TemplateName]: TemplateData[T] } = {
  verification_code: { username: 'alice', code: '123456', purpose: 'enable_2fa', minutes: 10 },
  password_changed: {
    username: 'alice',
    at: '2026-03-02 09:00 UTC',
    ip: '81.2.69.142',
    location: 'Newmarket, United Kingdom',
  },
  password_reset_code: { username: 'alice', code: '654321', minutes: 30 },
  password_reset_not_allowed: { username: 'alice' },
  two_factor_enabled: { username: 'alice', method: 'Authenticator app' },
  two_factor_disabled: { username: 'alice' },
  two_factor_disabled_by_admin: { username: 'alice', operator: 'sam', reason: 'Lost phone <ticket #42>' },
  backup_codes_regenerated: { username: 'alice' },
  email_change_code: { username: 'alice', code: '111999', minutes: 15 },
  email_changed_notice: { username: 'alice', newEmail: 'new@example.com' },
  email_changed_by_operator: { username: 'alice', newEmail: 'n***@example.com', operator: 'olivia' },
  blocking_notice: { username: 'alice', blockingDate: '2026-03-07', daysLeft: 5 },
  test_email: { operator: 'olivia' },
};

describe('email templates', () => {
  it.each(Object.keys(SAMPLES) as TemplateName[])(
    '%s renders subject, text and HTML with no placeholder left',
    (name) => {
      const mail = renderEmail(name, SAMPLES[name] as never);
      expect(mail.subject).toBe(mail.subject.trim());
      expect(mail.subject.length).toBeGreaterThan(5);
      for (const part of [mail.subject, mail.text, mail.html]) expect(part).not.toMatch(/\{\w+\}/);
      expect(mail.text).toContain(en.footer);
      expect(mail.html).toContain('<!doctype html>');
    },
  );

  it('says who disabled 2FA and why, escaping the reason in HTML', () => {
    const mail = renderEmail('two_factor_disabled_by_admin', SAMPLES.two_factor_disabled_by_admin);
    expect(mail.text).toContain('turned off for your account by support (sam).');
    expect(mail.text).toContain('Reason given: Lost phone <ticket #42>');
    expect(mail.html).toContain('Reason given: Lost phone &#60;ticket #42&#62;');
    expect(mail.html).not.toContain('<ticket');
  });

  it('tells the old address who changed the email, showing the new one only masked', () => {
    const mail = renderEmail('email_changed_by_operator', SAMPLES.email_changed_by_operator);
    expect(mail.subject).toBe('Your email address was changed by an administrator');
    expect(mail.text).toContain('olivia changed the email address of your account to n***@example.com.');
    expect(mail.text).toContain('If you did not ask for this, contact your administrator at once.');
  });

  it('tells where a password change came from and never carries a password', () => {
    const mail = renderEmail('password_changed', SAMPLES.password_changed);
    expect(mail.text).toContain(
      'changed on 2026-03-02 09:00 UTC from 81.2.69.142 (Newmarket, United Kingdom).',
    );
    expect(mail.text.toLowerCase()).not.toMatch(/new password|your password is/);
  });

  it('writes the SMS code message and masks addresses for the screen', () => {
    expect(renderCodeSms({ code: '123456', purpose: 'sign_in', minutes: 5 })).toBe(
      'Portcullis code to sign in: 123456. Expires in 5 min.',
    );
    expect(maskAddress('alice@example.com')).toBe('a***@example.com');
    expect(maskAddress('+447911123456')).toBe('+44*******456');
  });
});
