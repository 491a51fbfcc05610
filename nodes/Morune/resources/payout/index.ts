import { resourceProperties } from '../../../shared/operation';
import { create } from './create';
import { get } from './get';

/** Payout: Create, Get. */
export const payoutDescription = resourceProperties('payout', [create, get]);
