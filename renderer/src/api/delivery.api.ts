import type { ChannelInput } from '@shared/ipc/contract';
import { call } from './client';

export type SaveMailInput = ChannelInput<'mail:saveSettings'>;
export type SaveSmsInput = ChannelInput<'sms:saveSettings'>;
export type UpdateServicesInput = ChannelInput<'delivery:updateServices'>;
export type OutboxListInput = ChannelInput<'outbox:list'>;

/** Mail (SMTP), SMS gateway, account services and the outbox. */
export const deliveryApi = {
  mailSettings: () => call((api) => api.mail.getSettings()),
  saveMail: (input: SaveMailInput) => call((api) => api.mail.saveSettings(input)),
  testMail: (to: string) => call((api) => api.mail.sendTest({ to })),
  smsSettings: () => call((api) => api.sms.getSettings()),
  saveSms: (input: SaveSmsInput) => call((api) => api.sms.saveSettings(input)),
  testSms: (to: string) => call((api) => api.sms.sendTest({ to })),
  services: () => call((api) => api.delivery.getServices()),
  updateServices: (input: UpdateServicesInput) => call((api) => api.delivery.updateServices(input)),
  outbox: (input: OutboxListInput) => call((api) => api.outbox.list(input)),
  /** `outbox` for the page's timed refresh: not activity (the idle timeout still runs). */
  outboxInBackground: (input: OutboxListInput) =>
    call((api) => api.outbox.list({ ...input, background: true })),
  retry: (id: number) => call((api) => api.outbox.retry({ id })),
  cancel: (id: number) => call((api) => api.outbox.cancel({ id })),
  codeStatus: (messageId: number) => call((api) => api.delivery.codeStatus({ messageId })),
};
