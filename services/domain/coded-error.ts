import { t } from './messages/catalog.js';

type Param = string | number;

/**
 * An error with a stable code (CT_...) and an HTTP status. Its English text is the catalogue's
 * `error.<CODE>` entry filled with the error's named parameters: the words are written once, in
 * services/domain/messages, and the API answers the reader's language from the same parameters.
 */
export class CodedError<C extends string = string, S extends number = number> extends Error {
  override readonly name = 'CodedError';

  constructor(
    readonly code: C,
    readonly statusCode: S,
    readonly params: Readonly<Record<string, Param>>,
  ) {
    super(t('en', `error.${code}`, params));
  }

  /** The same text in another language. */
  localized(locale: Parameters<typeof t>[0]): string {
    return t(locale, `error.${this.code}`, this.params);
  }
}

export interface CodedErrorClass<C extends string, S extends number, N extends readonly string[]> {
  new (...args: { -readonly [K in keyof N]: Param }): CodedError<C, S>;
  readonly code: C;
  readonly statusCode: S;
  /** the catalogue placeholders the constructor's arguments fill, in order */
  readonly paramNames: N;
}

/**
 * Declares an error once: its code, its status and the names of its parameters, which are the
 * placeholders of its catalogue texts (a test holds each text to exactly these names).
 *
 *   const DeviceNotFound = codedError('CT_DEVICE_NOT_FOUND', 404, ['id']);
 *   throw new DeviceNotFound('lg-1');   // "Device 'lg-1' not found."
 */
export function codedError<
  const C extends string,
  const S extends number,
  const N extends readonly string[] = readonly [],
>(code: C, statusCode: S, paramNames: N = [] as unknown as N): CodedErrorClass<C, S, N> {
  return class extends CodedError<C, S> {
    static readonly code = code;
    static readonly statusCode = statusCode;
    static readonly paramNames = paramNames;

    constructor(...args: Param[]) {
      super(code, statusCode, Object.fromEntries(paramNames.map((name, i) => [name, args[i] ?? ''])));
    }
  } as unknown as CodedErrorClass<C, S, N>;
}

/** Whether a value is an error declared with codedError. */
export function isCodedError(err: unknown): err is CodedError {
  return err instanceof CodedError;
}
