import type { Messenger } from './messenger.port';

/** The messenger, resolved late: the delivery service is built beside these in the container. */
export type MessengerRef = () => Messenger;
