import { IsArray, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';

/** A SKU and a quantity: what a shipment line, a hold or a harvest moves. */
export class SkuQuantity {
  @IsString() @IsNotEmpty() @MaxLength(100) sku!: string;
  @IsInt() @Min(1) quantity!: number;
  /** Serialized parts, when the sender knows them: one serial per unit. */
  @IsOptional() @IsArray() @IsString({ each: true }) serials?: string[];
}

export class StockBalance {
  @IsInt() onHand!: number;
  @IsInt() reserved!: number;
  @IsInt() available!: number;
  @IsInt() inTransit!: number;
}
