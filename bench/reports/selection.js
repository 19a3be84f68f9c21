'use strict';
// Builds a GraphQL selection set with every field of a type (recursively, no cycles, skipping
// fields with required arguments) from the committed schema.graphql, so the bench asks for the
// whole report whatever its shape is today.
const fs = require('node:fs');
const path = require('node:path');
const { buildSchema, getNamedType, isObjectType } = require('graphql');

let schema;
const load = () => (schema ??= buildSchema(fs.readFileSync(path.join(__dirname, '..', '..', 'schema.graphql'), 'utf8')));

/** The name of the object type a field of `typeName` returns. */
function fieldType(typeName, fieldName) {
  const field = load().getType(typeName)?.getFields?.()[fieldName];
  if (!field) throw new Error(`schema.graphql has no ${typeName}.${fieldName}`);
  return getNamedType(field.type).name;
}

function buildSelection(typeName) {
  const type = load().getType(typeName);
  if (!type || !isObjectType(type)) throw new Error(`schema.graphql has no object type ${typeName}: is cohortReport committed and the schema emitted?`);
  return selectionOf(type, [typeName]);
}

function selectionOf(type, path) {
  const fields = [];
  for (const [name, field] of Object.entries(type.getFields())) {
    if (field.args.some((arg) => String(arg.type).endsWith('!') && arg.defaultValue === undefined)) continue;
    const named = getNamedType(field.type);
    if (isObjectType(named)) {
      if (path.includes(named.name)) continue;
      fields.push(`${name} ${selectionOf(named, [...path, named.name])}`);
    } else {
      fields.push(name);
    }
  }
  return `{ ${fields.join(' ')} }`;
}

module.exports = { buildSelection, fieldType };
