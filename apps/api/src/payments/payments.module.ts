import { Module } from '@nestjs/common';
import { PaymentsClient } from './payments.client.js';

@Module({ providers: [PaymentsClient], exports: [PaymentsClient] })
export class PaymentsModule {}
