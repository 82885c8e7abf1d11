/**
 * Branded identifier types, so a `Sku` cannot be passed where a `NodeId` is expected.
 * Brands cost nothing at run time; `asSku` and friends are the only way in and are used at the
 * validation boundary.
 */
declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

export type Sku = Brand<string, 'Sku'>;
export type NodeId = Brand<string, 'NodeId'>;
export type ChannelId = Brand<string, 'ChannelId'>;

export const asSku = (value: string): Sku => value as Sku;
export const asNodeId = (value: string): NodeId => value as NodeId;
export const asChannelId = (value: string): ChannelId => value as ChannelId;

/** Identifiers are printable, without whitespace, so they survive CSV, URLs and log lines. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
