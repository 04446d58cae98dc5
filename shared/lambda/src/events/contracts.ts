import type { AnyEventContract, ParsedEvent } from '@stratus/events';

/** One contract or a list of them, as the event wrappers accept. */
export type ContractOrContracts = AnyEventContract | readonly AnyEventContract[];

/** The contracts of a `ContractOrContracts` as a union. */
export type ContractsOf<T extends ContractOrContracts> = T extends readonly AnyEventContract[]
  ? T[number]
  : T extends AnyEventContract
    ? T
    : never;

/**
 * What an event consumer receives: `{ metadata, data, source, detailType, contract }`. With several
 * contracts it is a union discriminated by `detailType`.
 */
export type ConsumedEvent<T extends ContractOrContracts> = ParsedEvent<ContractsOf<T>>;

export const contractList = (contracts: ContractOrContracts): readonly AnyEventContract[] =>
  Array.isArray(contracts) ? contracts : [contracts as AnyEventContract];
