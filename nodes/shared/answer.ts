import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { TransportFailure } from './errors';
import type { Provider } from './provider';
import { redactSecrets } from './redact';

/*
 * Reading an answer for the transport (transport.ts): its body, whatever form n8n's helper hands
 * it in, up to a limit and under the exchange's deadline; its headers as a plain object; the
 * secrets removed from each string of a parsed body.
 */

export type Readable = NodeJS.ReadableStream & { destroy(error?: Error): void; destroyed?: boolean };

export function isStream(value: unknown): value is Readable {
	return typeof value === 'object' && value !== null && typeof (value as Readable).on === 'function';
}

/** A parsed JSON value with the credential's secrets removed from every key and string. */
export function redactStrings(
	value: unknown,
	provider: Provider,
	credentials: ICredentialDataDecryptedObject,
): unknown {
	if (typeof value === 'string') return redactSecrets(value, provider, credentials);
	if (Array.isArray(value)) return value.map((entry) => redactStrings(entry, provider, credentials));
	if (typeof value === 'object' && value !== null) {
		const clean: IDataObject = {};
		for (const [key, entry] of Object.entries(value)) {
			// Defined, not assigned: a key "__proto__" stays a plain key.
			Object.defineProperty(clean, redactSecrets(key, provider, credentials), {
				value: redactStrings(entry, provider, credentials),
				enumerable: true,
				writable: true,
				configurable: true,
			});
		}
		return clean;
	}
	return value;
}

export function plainHeaders(headers: unknown): IDataObject {
	const source = headers as { toJSON?: () => IDataObject } | undefined;
	const plain = typeof source?.toJSON === 'function' ? source.toJSON() : ((source ?? {}) as IDataObject);
	const result: IDataObject = {};
	for (const [name, value] of Object.entries(plain)) result[name.toLowerCase()] = value;
	return result;
}

/**
 * Reads a body stream to its end, or to `limit` bytes, before `signal` aborts. A body over
 * the limit is `truncated` (the rest is not read); a connection closed before the end, or the
 * deadline, is a TransportFailure.
 */
function readStream(
	stream: Readable,
	limit: number,
	signal: AbortSignal,
): Promise<{ bytes: Buffer; truncated: boolean }> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let settled = false;
		const finish = (outcome: () => void) => {
			if (settled) return;
			settled = true;
			signal.removeEventListener('abort', onAbort);
			outcome();
		};
		const onAbort = () => {
			finish(() => reject(signal.reason as Error));
			stream.destroy();
		};
		if (signal.aborted) return onAbort();
		signal.addEventListener('abort', onAbort);
		stream.on('data', (chunk: Buffer | string) => {
			if (settled) return;
			const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			if (size + buffer.length > limit) {
				chunks.push(buffer.subarray(0, limit - size));
				finish(() => resolve({ bytes: Buffer.concat(chunks), truncated: true }));
				stream.destroy();
				return;
			}
			chunks.push(buffer);
			size += buffer.length;
		});
		stream.on('end', () => finish(() => resolve({ bytes: Buffer.concat(chunks), truncated: false })));
		const cut = (error?: Error) =>
			finish(() => reject(new TransportFailure('cut', 'the connection closed before the end of the answer', error)));
		stream.on('error', cut);
		stream.on('aborted', () => cut());
		stream.on('close', () => cut());
	});
}

/** The body as text, whatever form n8n's helper handed it in. */
export async function bodyText(
	body: unknown,
	limit: number,
	signal: AbortSignal,
): Promise<{ text: string; truncated: boolean }> {
	if (isStream(body)) {
		const { bytes, truncated } = await readStream(body, limit, signal);
		return { text: bytes.toString('utf8'), truncated };
	}
	if (Buffer.isBuffer(body)) return { text: body.subarray(0, limit).toString('utf8'), truncated: body.length > limit };
	if (typeof body === 'string') return { text: body.slice(0, limit), truncated: body.length > limit };
	return { text: body === undefined || body === null ? '' : JSON.stringify(body), truncated: false };
}
