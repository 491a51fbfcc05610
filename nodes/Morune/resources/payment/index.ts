import { resourceProperties } from '../../../shared/operation';
import { create } from './create';
import { get } from './get';

/** Payment (morune's invoices): Create, Get. */
export const paymentDescription = resourceProperties('payment', [create, get]);
