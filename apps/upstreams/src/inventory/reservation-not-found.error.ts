import { UpstreamError } from '../http/upstream.error.js';
import { messages } from '../upstreams.messages.js';

/** A reservation id that was never issued, or whose reservation was already released. */
export class ReservationNotFoundError extends UpstreamError {
  override readonly name = 'ReservationNotFoundError';
  readonly code = 'reservation_not_found';

  constructor(readonly reservationId: string) {
    super(messages.reservationNotFound(reservationId));
  }
}
