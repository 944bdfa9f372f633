import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, Min } from 'class-validator';
import { CURRENCY, type Currency } from '../currency.js';
import { messages } from '../upstreams.messages.js';

const AMOUNT = messages.mustBeIntegerIn(1, Number.MAX_SAFE_INTEGER);

/** The body of `POST /charges`. */
export class CreateChargeDto {
  @IsString({ message: messages.mustBeNonEmptyString() })
  @IsNotEmpty({ message: messages.mustBeNonEmptyString() })
  orderId!: string;

  @IsString({ message: messages.mustBeNonEmptyString() })
  @IsNotEmpty({ message: messages.mustBeNonEmptyString() })
  customerId!: string;

  @IsInt({ message: AMOUNT })
  @Min(1, { message: AMOUNT })
  @Max(Number.MAX_SAFE_INTEGER, { message: AMOUNT })
  amountCents!: number;

  /** @default 'EUR' */
  @IsOptional()
  @IsIn([CURRENCY], { message: messages.mustBeOneOf([CURRENCY]) })
  currency?: Currency;
}
