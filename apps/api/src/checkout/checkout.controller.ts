import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ShedPriority } from '../overload/shed-priority.decorator.js';
import { checkoutAnswerOf } from './checkout-answer.mapper.js';
import { CheckoutIdempotencyService } from './checkout-idempotency.service.js';
import { CheckoutRequestDto } from './checkout-request.dto.js';
import { CheckoutService } from './checkout.service.js';

@Controller('checkout')
@ShedPriority('checkout')
export class CheckoutController {
  constructor(
    private readonly checkout: CheckoutService,
    private readonly idempotency: CheckoutIdempotencyService,
  ) {}

  /** 201 confirmed, 202 pending_payment (queued), 502 payment_rejected, or a replay of the key's first answer. */
  @Post()
  async place(
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: CheckoutRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const result = await this.idempotency.once(key, body, {
      read: (validKey) => this.checkout.storedOrder(validKey),
      answer: async (validKey, stored) => checkoutAnswerOf(await this.checkout.place(validKey, body, stored)),
    });
    void reply.status(result.status).headers(result.headers);
    if (result.replayed) void reply.header('idempotent-replayed', 'true');
    return result.body;
  }
}
