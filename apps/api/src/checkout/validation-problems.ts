import type { ValidationError } from 'class-validator';

/**
 * One sentence per failed constraint, each naming the field by its full path
 * (`items.0.quantity must not be less than 1`), so a client can find what to fix.
 */
export function validationProblems(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((text) =>
      text.startsWith(`${error.property} `) ? `${path}${text.slice(error.property.length)}` : `${path}: ${text}`,
    );
    return [...own, ...validationProblems(error.children ?? [], path)];
  });
}
