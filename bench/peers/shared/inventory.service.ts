import { Inject, Injectable } from '@nestjs/common';
import { InsufficientStockError, ProductNotFoundError } from '../../../apps/api/src/errors/api-errors.js';
import type { OrderLine } from '../../../apps/api/src/inventory/inventory.client.js';
import type { StockView } from '../../../apps/api/src/inventory/inventory.service.js';
import type { StockReservation } from '../../../apps/api/src/inventory/stock-reservation.js';
import { DEPENDENCY_GUARD, type DependencyGuard } from './dependency.guard.js';
import { PEER_OPTIONS, type PeerOptions } from './peer.options.js';
import { UpstreamClients } from './upstream.clients.js';
import { isRejection, statusOf } from './upstream-answer.js';

/** Stock, exact; with fallbacks, "unknown" (a read) or "unconfirmed" (a reservation) when inventory fails, as Carta answers. */
@Injectable()
export class InventoryService {
  constructor(
    private readonly clients: UpstreamClients,
    @Inject(DEPENDENCY_GUARD) private readonly guard: DependencyGuard,
    @Inject(PEER_OPTIONS) private readonly options: PeerOptions,
  ) {}

  async stock(sku: string): Promise<StockView> {
    try {
      const { data } = await this.guard.run('inventory', (signal) =>
        this.clients.inventory.get<{ available: number }>(`/stock/${encodeURIComponent(sku)}`, { signal }),
      );
      return { sku, available: data.available, estimated: false };
    } catch (error) {
      if (statusOf(error) === 404) throw new ProductNotFoundError(sku);
      if (!this.options.fallbacks) throw error;
      return { sku, available: null, estimated: true };
    }
  }

  /** Reserves every line or none. Carta also queues a late reservation for an unconfirmed order; off the happy path, the peers do not. */
  async reserve(orderId: string, items: OrderLine[]): Promise<StockReservation> {
    try {
      const { data } = await this.guard.run('inventory', (signal) =>
        this.clients.inventory.post<{ reservationId: string }>(
          '/reservations',
          { orderId, items },
          { signal },
        ),
      );
      return { inventory: 'reserved', reservationId: data.reservationId };
    } catch (error) {
      if (statusOf(error) === 409) throw new InsufficientStockError();
      if (!this.options.fallbacks || isRejection(error)) throw error;
      return { inventory: 'unconfirmed', reservationId: null };
    }
  }

  /** Gives a reservation's stock back at best (its charge was rejected); a failure is ignored. */
  async releaseQuietly(reservationId: string): Promise<void> {
    await this.guard
      .run('inventory', (signal) =>
        this.clients.inventory.delete(`/reservations/${encodeURIComponent(reservationId)}`, { signal }),
      )
      .catch(() => undefined);
  }
}
