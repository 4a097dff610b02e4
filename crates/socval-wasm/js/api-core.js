// The typed API of the npm package `socval`, over the string functions of socval-wasm (`raw`).
// `cargo xtask api` wraps this file for Node (CommonJS, over the guarding wrapper socval.js) and
// for browsers and bundlers (an ES module over wasm-bindgen's `--target web` glue, guarded by
// guard.mjs): one source, two module formats.
//
// Objects in, objects out. Decimals (money, rates) stay strings both ways: a JS number where a
// scenario takes a decimal is refused, naming the field, because JavaScript may already have
// rounded it. Errors are `Error`s with `kind`, `file`, `location` and `field` properties.
function makeApi(raw) {
  function text(name, argument, value) {
    if (typeof value === 'string') return value;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return JSON.stringify(value);
    throw new TypeError(`${name}: the argument ${argument} must be a scenario object or its JSON text, but is ${value === null ? 'null' : typeof value}`);
  }
  function tablesJson(name, tables) {
    if (tables === undefined || tables === null) return null;
    if (!Array.isArray(tables)) throw new TypeError(`${name}: options.tables must be an array of table texts or { name, text } objects`);
    return JSON.stringify(
      tables.map((t, i) => {
        if (typeof t === 'string') return { name: `tables[${i}]`, text: t };
        if (t && typeof t.name === 'string' && typeof t.text === 'string') return { name: t.name, text: t.text };
        throw new TypeError(`${name}: options.tables[${i}] must be a table's text or a { name, text } object`);
      }),
    );
  }
  function records(name, options) {
    const r = options && options.records;
    if (r === undefined || r === null) return null;
    if (typeof r !== 'string') throw new TypeError(`${name}: options.records must be the records CSV as text`);
    return r;
  }
  return {
    evaluate(scenario, options = {}) {
      return JSON.parse(raw.evaluate(text('evaluate', 'scenario', scenario), records('evaluate', options), tablesJson('evaluate', options.tables)));
    },
    uncertainty(scenario, options = {}) {
      return JSON.parse(raw.uncertainty(text('uncertainty', 'scenario', scenario), records('uncertainty', options), tablesJson('uncertainty', options.tables)));
    },
    validate(scenario, options = {}) {
      return JSON.parse(raw.validate(text('validate', 'scenario', scenario), tablesJson('validate', options.tables)));
    },
    listTables(options = {}) {
      return JSON.parse(raw.listTables(tablesJson('listTables', options.tables)));
    },
    show(reference, options = {}) {
      return JSON.parse(raw.show(reference, tablesJson('show', options.tables)));
    },
    diff(scenario, to, options = {}) {
      return JSON.parse(raw.diff(text('diff', 'scenario', scenario), to, options.from ?? null, tablesJson('diff', options.tables)));
    },
    compare(a, b, options = {}) {
      return JSON.parse(raw.compare(text('compare', 'a', a), text('compare', 'b', b), tablesJson('compare', options.tables)));
    },
    claim(scenario, options = {}) {
      const figures = { social: 'social_value', fiscal: 'fiscal_savings', combined: 'combined' };
      const given = Object.keys(figures).filter((k) => options[k] !== undefined && options[k] !== null);
      if (given.length !== 1) throw new TypeError('claim: give one of options.social, options.fiscal or options.combined, the claimed amount as a decimal string ("103000")');
      const amount = options[given[0]];
      if (typeof amount !== 'string') throw new TypeError(`claim: options.${given[0]} must be the claimed amount as a decimal string ("103000"), but is ${typeof amount}: a number may already have been rounded`);
      const perFamily = options.perFamily ?? false;
      if (typeof perFamily !== 'boolean') throw new TypeError('claim: options.perFamily must be true or false');
      const c = JSON.stringify({ figure: figures[given[0]], amount, per_family: perFamily });
      return JSON.parse(raw.claim(text('claim', 'scenario', scenario), c, records('claim', options), tablesJson('claim', options.tables)));
    },
    schema(name) {
      return JSON.parse(raw.schema(name));
    },
    templates() {
      return JSON.parse(raw.templates());
    },
    version() {
      return raw.version();
    },
  };
}

/** Whether `e` is an error socval threw on bad input (it has `kind`, `file`, `location`, `field`). */
function isSocvalError(e) {
  return e instanceof Error && typeof e.kind === 'string' && typeof e.file === 'string' && typeof e.field === 'string';
}
