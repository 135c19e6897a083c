import { IsInt, IsNotEmpty, IsString, MaxLength, Min } from 'class-validator';

/** A SKU and a quantity: what a shipment line, a hold or a harvest moves. */
export class SkuQuantity {
  @IsString() @IsNotEmpty() @MaxLength(100) sku!: string;
  @IsInt() @Min(1) quantity!: number;
}

export class StockBalance {
  @IsInt() onHand!: number;
  @IsInt() reserved!: number;
  @IsInt() available!: number;
  @IsInt() inTransit!: number;
}
