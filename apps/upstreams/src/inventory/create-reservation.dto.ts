import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { messages } from '../upstreams.messages.js';

// Bounds the sum of a sku's quantities well inside safe integers.
const MAX_ITEMS = 100;
const MAX_QUANTITY = 1_000_000_000;

/** One line of a reservation request. */
export class ReservationItemDto {
  @IsString({ message: messages.mustBeNonEmptyString() })
  @IsNotEmpty({ message: messages.mustBeNonEmptyString() })
  sku!: string;

  @IsInt({ message: messages.mustBeIntegerIn(1, MAX_QUANTITY) })
  @Min(1, { message: messages.mustBeIntegerIn(1, MAX_QUANTITY) })
  @Max(MAX_QUANTITY, { message: messages.mustBeIntegerIn(1, MAX_QUANTITY) })
  quantity!: number;
}

/** The body of `POST /reservations`. */
export class CreateReservationDto {
  /** Accepted for the caller's tracing; the simulator does not use it. */
  @IsOptional()
  @IsString({ message: messages.mustBeNonEmptyString() })
  orderId?: string;

  @IsArray({ message: messages.mustBeArrayOf(1, MAX_ITEMS) })
  @ArrayNotEmpty({ message: messages.mustBeArrayOf(1, MAX_ITEMS) })
  @ArrayMaxSize(MAX_ITEMS, { message: messages.mustBeArrayOf(1, MAX_ITEMS) })
  @IsObject({ each: true, message: messages.mustHoldObjects() })
  @ValidateNested({ each: true })
  @Type(() => ReservationItemDto)
  items!: ReservationItemDto[];
}
