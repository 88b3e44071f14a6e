import type { Messenger } from '../delivery/messenger.port';

/** The messenger, resolved late: the delivery service is built beside these in the container. */
export type MessengerRef = () => Messenger;
