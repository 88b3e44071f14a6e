import { beforeEach, describe, expect, it } from 'vitest';
import { startServices, windowCaller } from '../../../../tests/support/services';
import { servicesPerTest } from '../../../../tests/support/per-test';
import { loopbackServersPerDescribe } from '../../../../tests/support/loopback-servers';
import { configureDelivery } from '../../../../tests/support/delivery';
import { setLanguageOf } from '../../db/repositories/user-language.sql';
import type { Language } from '../../../../shared/domain/language';
import type { UserRow } from '../../db/repositories/user.repository';

const FAST = {
  email: { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 8000 },
  sms: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 4000 },
};

describe('mail and SMS through the real outbox in the recipient language (issue 17)', () => {
  const { smtp, sms } = loopbackServersPerDescribe();
  const app = servicesPerTest(() => startServices({ delivery: { policy: FAST } }));
  const s = () => app.container.services;
  const run = () => s().deliveryWorker.runOnce();
  let people: Record<'ivan' | 'ana' | 'bob', UserRow>;

  beforeEach(async () => {
    await configureDelivery(app, { smtp, sms });
    const now = app.clock.now().toISOString();
    const add = async (username: string, language: Language | null) => {
      const user = await app.container.repositories.users.insert({
        username,
        displayName: username,
        email: `${username}@example.com`,
        phone: '+447700900123',
        role: 'member',
        canChangePassword: true,
        canSendSms: true,
        now,
      });
      if (language) await setLanguageOf(app.container.database.db, user.id, language, now);
      return user;
    };
    people = { ivan: await add('ivan', 'ru'), ana: await add('ana', 'es'), bob: await add('bob', null) };
  });

  const queueCode = (who: UserRow, via: 'email' | 'sms', code: string) =>
    app.container.database.db.transaction().execute((trx) =>
      s().messenger.queueCode(trx, {
        user: { id: who.id, username: who.username, email: who.email, canSendSms: true },
        via,
        phone: '+447700900123',
        code,
        purpose: 'enable_2fa',
        minutes: 5,
      }),
    );

  it('a password reset asked for on the sign-in screen reaches a Russian user in Russian, with the real code', async () => {
    const w = windowCaller('signed-out').caller;
    expect(
      await app.container.pipeline.dispatch(w, 'passwordReset:request', { login: 'ivan' }),
    ).toMatchObject({
      ok: true,
    });
    await run();
    const mail = await smtp.waitForMessage({ to: 'ivan@example.com' });
    expect(mail.subject).toBe('Сброс пароля Portcullis');
    expect(mail.text).toMatch(/^Здравствуйте, ivan!\n\nВаш код для сброса пароля: \d{6,}\n/);
    expect(mail.text).toMatch(/Код действует \d+ минут/);
    expect(mail.text).not.toContain('[[code]]');
    expect(mail.html).toContain('<html lang="ru">');
    // The stored row keeps the Russian body without the code.
    const row = app.container.database.sqlite
      .prepare("SELECT subject, body_text FROM outbox WHERE recipient = 'ivan@example.com'")
      .get() as { subject: string; body_text: string };
    expect(row.subject).toBe('Сброс пароля Portcullis');
    expect(row.body_text).toContain('Ваш код для сброса пароля: [[code]]');
  });

  it('2FA codes by email and SMS: Russian, Spanish, and English for someone who chose nothing', async () => {
    await queueCode(people.ivan, 'email', '111111');
    await queueCode(people.ana, 'email', '222222');
    await queueCode(people.bob, 'email', '333333');
    await run();
    expect((await smtp.waitForMessage({ to: 'ivan@example.com' })).text).toContain(
      'Ваш код, чтобы включить двухфакторную аутентификацию: 111111\nКод действует 5 минут.',
    );
    expect((await smtp.waitForMessage({ to: 'ana@example.com' })).text).toContain(
      'Su código para activar la autenticación en dos pasos es: 222222\nCaduca en 5 minutos.',
    );
    expect((await smtp.waitForMessage({ to: 'bob@example.com' })).subject).toBe(
      'Your Portcullis verification code',
    );

    await queueCode(people.ivan, 'sms', '444444');
    await run();
    expect((await sms.waitForMessage({ to: '+447700900123' })).body).toBe(
      'Код Portcullis, чтобы включить двухфакторную аутентификацию: 444444. Действует 5 мин.',
    );
  });

  it('an SMS the gateway keeps refusing falls back to an email in the same language', async () => {
    sms.failWith(500);
    await queueCode(people.ana, 'sms', '555555');
    await run();
    app.clock.advance(1000);
    await run();
    app.clock.advance(2000);
    await run();
    const mail = await smtp.waitForMessage({ to: 'ana@example.com' });
    expect(mail.subject).toBe('Su código de verificación de Portcullis');
    expect(mail.text).toContain('es: 555555');
  });

  it('a language chosen after a message was queued does not rewrite it; the next one follows', async () => {
    await queueCode(people.bob, 'email', '666666');
    await setLanguageOf(app.container.database.db, people.bob.id, 'ru', app.clock.now().toISOString());
    await queueCode(people.bob, 'email', '777777');
    await run();
    await smtp.waitForMessage({ to: 'bob@example.com' });
    await smtp.waitForMessage({ to: 'bob@example.com' });
    const withCode = (code: string) =>
      smtp.find({ to: 'bob@example.com' }).find((m) => m.text.includes(code));
    const [first, second] = [withCode('666666'), withCode('777777')];
    expect(first?.subject).toBe('Your Portcullis verification code');
    expect(second?.subject).toBe('Ваш код подтверждения Portcullis');
  });

  it('"Send test email" and "Send test SMS" come in the language of the operator who sent them', async () => {
    const ivan = { id: people.ivan.id, username: 'ivan', role: 'owner' as const, sessionId: null };
    expect((await s().delivery.testMail('ops@example.com', ivan)).ok).toBe(true);
    const mail = await smtp.waitForMessage({ to: 'ops@example.com' });
    expect(mail.subject).toBe('Тестовое письмо Portcullis');
    expect(mail.text).toContain(
      'Это тестовое письмо, отправленное пользователем ivan из настроек почты Portcullis.',
    );
    expect(
      (await s().delivery.testSms('+447700900999', { ...ivan, id: people.ana.id, username: 'ana' })).ok,
    ).toBe(true);
    expect((await sms.waitForMessage({ to: '+447700900999' })).body).toBe(
      'Mensaje de prueba de Portcullis enviado por ana: la pasarela SMS funciona.',
    );
  });
});
