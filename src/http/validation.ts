/**
 * @module http/validation
 * Fastify's validator compiler for TypeBox route schemas: each schema is compiled once into a
 * TypeBox checker. JSON bodies are checked as sent (a number is never accepted as a string);
 * query strings and path parameters arrive as text, so a property declared integer, number or
 * boolean is converted first, strictly (`"3"` -> 3, `"true"` -> true, `"1.5"` stays text and fails
 * an integer). Nothing else is coerced, defaulted or removed.
 */
import type { FastifySchemaCompiler } from 'fastify';
import { Compile } from 'typebox/compile';
import type { TSchema } from 'typebox';

/** The keyword of the issue raised for a query parameter given more than once (http/errors words it). */
export const REPEATED_KEYWORD = 'repeated';

const INTEGER = /^-?(0|[1-9][0-9]{0,15})$/;
const NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/;

type Converter = (value: unknown) => unknown;

/** Compiles a route schema for one part of the request (body, querystring, params, headers). */
export const typeboxValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const checker = Compile(schema);
  const convert = httpPart === 'body' ? undefined : textConverter(schema);
  const repeated = httpPart === 'querystring' ? repeatedParameters(schema) : undefined;
  return (value: unknown) => {
    const issues = repeated?.(value);
    if (issues !== undefined) return { error: issues as unknown as Error };
    const input = convert ? convert(value) : value;
    if (checker.Check(input)) return { value: input };
    return { error: checker.Errors(input) as unknown as Error };
  };
};

/**
 * A function finding the declared query parameters given more than once (the query parser makes a
 * list of them): one issue each, keyword `repeated`, instead of a puzzling "must be string".
 */
function repeatedParameters(schema: TSchema): ((value: unknown) => RepeatedIssue[] | undefined) | undefined {
  const properties = (schema as { properties?: Record<string, { type?: unknown }> }).properties;
  if (properties === undefined) return undefined;
  const single = Object.keys(properties).filter((name) => properties[name]?.type !== 'array');
  return (value) => {
    if (typeof value !== 'object' || value === null) return undefined;
    let issues: RepeatedIssue[] | undefined;
    for (const name of single) {
      const given = (value as Record<string, unknown>)[name];
      if (Array.isArray(given)) {
        (issues ??= []).push({ instancePath: `/${name}`, keyword: REPEATED_KEYWORD, params: { count: given.length }, message: `is given ${given.length} times` });
      }
    }
    return issues;
  };
}

interface RepeatedIssue {
  instancePath: string;
  keyword: typeof REPEATED_KEYWORD;
  params: { count: number };
  message: string;
}

/** A function converting the text values of an object's typed properties, or undefined when none need it. */
function textConverter(schema: TSchema): Converter | undefined {
  const properties = (schema as { properties?: Record<string, { type?: unknown }> }).properties;
  if (properties === undefined) return undefined;
  const typed: Array<[string, 'integer' | 'number' | 'boolean']> = [];
  for (const [name, property] of Object.entries(properties)) {
    if (property.type === 'integer' || property.type === 'number' || property.type === 'boolean') typed.push([name, property.type]);
  }
  if (typed.length === 0) return undefined;
  return (value) => {
    if (typeof value !== 'object' || value === null) return value;
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const [name, type] of typed) {
      const text = out[name];
      if (typeof text !== 'string') continue;
      if (type === 'boolean') {
        if (text === 'true') out[name] = true;
        else if (text === 'false') out[name] = false;
      } else if ((type === 'integer' ? INTEGER : NUMBER).test(text)) {
        out[name] = Number(text);
      }
    }
    return out;
  };
}
