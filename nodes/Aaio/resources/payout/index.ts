import { resourceProperties } from '../../../shared/operation';
import { create } from './create';
import { get } from './get';
import { getMethods } from './getMethods';
import { getRates } from './getRates';

/** Payout: Create, Get; aaio only: Get Methods, Get Rates. */
export const payoutDescription = resourceProperties('payout', [create, get, getMethods, getRates]);
