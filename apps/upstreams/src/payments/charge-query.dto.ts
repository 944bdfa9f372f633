import { IsOptional, IsString, Matches } from 'class-validator';
import { messages } from '../upstreams.messages.js';

const NON_EMPTY = messages.mustBeNonEmptyString();

/** The query of `GET /charges`: with `idempotencyKey`, it asks for the one charge made under that key. */
export class ChargeQueryDto {
  // A blank or repeated key is a mistake to report, not a request for every charge.
  @IsOptional()
  @IsString({ message: NON_EMPTY })
  @Matches(/\S/, { message: NON_EMPTY })
  idempotencyKey?: string;
}
