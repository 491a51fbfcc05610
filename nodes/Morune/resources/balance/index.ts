import { balanceProperties } from '../../../shared/balance';
import { moruneBalanceApi } from '../../provider';

/** Balance → Get. */
export const balanceDescription = balanceProperties(moruneBalanceApi);
