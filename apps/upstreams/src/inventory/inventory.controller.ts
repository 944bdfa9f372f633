import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CreateReservationDto } from './create-reservation.dto.js';
import type { Reservation } from './reservation.js';
import { StockLedger } from './stock-ledger.js';

/** The inventory service's routes. */
@Controller()
export class InventoryController {
  constructor(private readonly ledger: StockLedger) {}

  @Get('stock/:sku')
  stock(@Param('sku') sku: string): { sku: string; available: number } {
    return { sku, available: this.ledger.available(sku) };
  }

  @Post('reservations')
  reserve(@Body() body: CreateReservationDto): Reservation {
    return this.ledger.reserve(body.items, body.orderId);
  }

  @Delete('reservations/:id')
  @HttpCode(204)
  release(@Param('id') reservationId: string): void {
    this.ledger.release(reservationId);
  }
}
