import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiConfig } from '../config/api.config.js';
import { UnauthorizedError } from '../errors/api-errors.js';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Admits `Authorization: Bearer $ADMIN_TOKEN`, compared in constant time. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(config: ApiConfig) {
    this.expected = digest(config.ADMIN_TOKEN ?? '');
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '';
    const token = /^Bearer (.+)$/i.exec(header)?.[1];
    // Hashing first gives equal lengths, as timingSafeEqual needs, without leaking the length.
    if (token === undefined || !timingSafeEqual(digest(token), this.expected)) throw new UnauthorizedError();
    return true;
  }
}
