import { Module } from '@nestjs/common';
import { ChargeStore } from './charge-store.js';
import { PaymentsController } from './payments.controller.js';

/** The simulated payment service: the app behind the payments listener. */
@Module({
  controllers: [PaymentsController],
  providers: [{ provide: ChargeStore, useFactory: () => new ChargeStore() }],
})
export class PaymentsModule {}
