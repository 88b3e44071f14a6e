/** Sends one SMS through the configured gateway; rejects with a `DeliveryError` in plain words. */
export interface SmsSender {
  send(to: string, body: string): Promise<void>;
}
