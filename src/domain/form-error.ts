// What is wrong with something a person or a program sent: each problem names its field and says how to fix it.

/** One problem with one field (a form field, or an API query parameter). */
export interface FormError {
  field: string;
  message: string;
}

/**
 * Input that cannot be used at all. Pages answer it with a 400 error page, the API with its 400 JSON naming the
 * parameter; a form that can be shown again with its problems is re-rendered instead.
 */
export class BadRequestError extends Error {
  readonly status = 400;
  constructor(readonly errors: [FormError, ...FormError[]]) {
    super(errors[0].message);
  }
}
