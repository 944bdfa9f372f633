import { Controller, Get, Inject, Param } from '@nestjs/common';
import { OrderNotFoundError } from '../errors/api-errors.js';
import { ShedPriority } from '../overload/shed-priority.decorator.js';
import { toOrderView, type OrderView } from './order.js';
import { ORDER_REPOSITORY, type OrderRepository } from './order.repository.js';

@Controller('orders')
@ShedPriority('checkout')
export class OrdersController {
  constructor(@Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository) {}

  @Get(':id')
  async get(@Param('id') id: string): Promise<OrderView> {
    const order = await this.orders.get(id);
    if (!order) throw new OrderNotFoundError(id);
    return toOrderView(order);
  }
}
