import { resourceProperties } from '../../../shared/operation';
import { create } from './create';
import { get } from './get';

/** Payment (aaio's orders): Create, Get. */
export const paymentDescription = resourceProperties('payment', [create, get]);
