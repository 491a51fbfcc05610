import { balanceProperties } from '../../../shared/balance';
import { aaioBalanceApi } from '../../provider';

/** Balance → Get. */
export const balanceDescription = balanceProperties(aaioBalanceApi);
