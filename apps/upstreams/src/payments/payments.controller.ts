import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CURRENCY } from '../currency.js';
import { ChargeQueryDto } from './charge-query.dto.js';
import { ChargeStore } from './charge-store.js';
import type { Charge } from './charge.js';
import { CreateChargeDto } from './create-charge.dto.js';
import { IdempotencyKey } from './idempotency-key.decorator.js';

/** The payment service's routes. */
@Controller('charges')
export class PaymentsController {
  constructor(private readonly store: ChargeStore) {}

  /** 201 with a new charge, or 200 and `Idempotent-Replayed: true` with the one the key made. */
  @Post()
  charge(
    @IdempotencyKey() idempotencyKey: string,
    @Body() body: CreateChargeDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Charge {
    const { orderId, customerId, amountCents, currency = CURRENCY } = body;
    const { charge, replayed } = this.store.charge(idempotencyKey, {
      orderId,
      customerId,
      amountCents,
      currency,
    });
    if (replayed) void reply.status(200).header('Idempotent-Replayed', 'true');
    return charge;
  }

  /**
   * Every charge; with `?idempotencyKey=K`, the one charge made under K, or 404
   * `charge_not_found`: how a client whose answer was lost learns whether it was charged.
   */
  @Get()
  list(@Query() query: ChargeQueryDto): { charges: Charge[] } | Charge {
    if (query.idempotencyKey !== undefined) return this.store.findByIdempotencyKey(query.idempotencyKey);
    return { charges: this.store.list() };
  }

  @Get(':id')
  find(@Param('id') chargeId: string): Charge {
    return this.store.find(chargeId);
  }
}
