import { MemoryOrderRepository } from './memory-order.repository.js';
import { describeOrderRepositoryContract } from './order-repository.contract.js';

const repository = new MemoryOrderRepository();
describeOrderRepositoryContract('MemoryOrderRepository', () => repository);
