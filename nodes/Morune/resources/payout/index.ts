import { resourceProperties } from '../../../shared/resource';
import { create } from './create';
import { get } from './get';

/** Payout: Create, Get. */
export const payoutDescription = resourceProperties('payout', [create, get]);
