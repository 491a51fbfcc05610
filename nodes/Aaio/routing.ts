import type { IExecuteSingleFunctions, INodePropertyRouting } from 'n8n-workflow';

import { outputItems } from '../shared/output';
import type { OutputShape } from '../shared/output';
import { operationRouting } from '../shared/routing';
import type { OperationRouting, PostReceiveFunction } from '../shared/routing';
import { aaio } from './provider';

export interface AaioRequest extends Omit<OperationRouting, 'request'> {
	method: 'GET' | 'POST';
	url: string;
}

/** The routing of one aaio operation: the shared shape (the transport sends POSTs as forms). */
export function aaioRouting({ method, url, ...operation }: AaioRequest): INodePropertyRouting {
	return operationRouting(aaio, { ...operation, request: { method, url } });
}

/** `outputItems` with a shape that reads the node's parameters, for output that names what was sent. */
export function outputFor(
	shapeOf: (context: IExecuteSingleFunctions) => OutputShape,
): PostReceiveFunction {
	return async function (this: IExecuteSingleFunctions, items, response) {
		return await outputItems(aaio, shapeOf(this)).call(this, items, response);
	};
}
