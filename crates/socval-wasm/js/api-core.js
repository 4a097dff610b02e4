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
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      // A plain object goes in as it is: the module serializes it and names a bad value by its
      // path (outcomes[2].deadweight), not by a line of JSON text the caller never saw.
      const proto = Object.getPrototypeOf(value);
      return proto === Object.prototype || proto === null ? value : JSON.stringify(value);
    }
    throw new TypeError(`${name}: the argument ${argument} must be a scenario object or its JSON text, but is ${value === null ? 'null' : typeof value}`);
  }
  function tablesJson(name, tables) {
    if (tables === undefined || tables === null) return null;
    if (!Array.isArray(tables)) throw new TypeError(`${name}: options.tables must be an array of table texts or { name, text } objects, but is ${kindOf(tables)}`);
    return JSON.stringify(
      tables.map((t, i) => {
        if (typeof t === 'string') return { name: `tables[${i}]`, text: t };
        if (t && typeof t.name === 'string' && typeof t.text === 'string') return { name: t.name, text: t.text };
        throw new TypeError(`${name}: options.tables[${i}] must be a table's text or a { name, text } object`);
      }),
    );
  }
  function records(name, options) {
    const r = options.records;
    if (r === undefined || r === null) return null;
    if (typeof r !== 'string') throw new TypeError(`${name}: options.records must be the records CSV as text, but is ${kindOf(r)}`);
    return r;
  }
  function kindOf(v) {
    if (v === null) return 'null';
    if (Array.isArray(v)) return 'an array';
    return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
  }
  // The options argument of `name`: absent, undefined or null is none; anything but a plain
  // object, or a key the function does not take, is a TypeError naming it (an option ignored
  // without a word would change nothing the caller can see).
  function opts(name, options, known) {
    if (options === undefined || options === null) return {};
    if (typeof options !== 'object' || Array.isArray(options)) {
      const hint = typeof options === 'string' && known.includes('records') ? ` (records go in the options: ${name}(scenario, { records: csvText }))` : '';
      throw new TypeError(`${name}: the options must be an object such as { ${known.join(', ')} }, but are ${kindOf(options)}${hint}`);
    }
    const unknown = Object.keys(options).filter((k) => !known.includes(k));
    if (unknown.length > 0) {
      throw new TypeError(`${name}: unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')}: ${name} takes ${known.length ? known.join(', ') : 'no options'}`);
    }
    if ('from' in options && options.from !== undefined && options.from !== null && typeof options.from !== 'string') {
      throw new TypeError(`${name}: options.from must be a table as "id@version", but is ${kindOf(options.from)}`);
    }
    return options;
  }
  // `options.evidence`: the weakest evidence status to value (the core sets it on the scenario and
  // refuses a name that is no status, naming options.evidence).
  function evidence(name, scenarioText, options) {
    const e = options.evidence;
    if (e === undefined || e === null) return scenarioText;
    if (typeof e !== 'string') throw new TypeError(`${name}: options.evidence must be an evidence status as a string ("primary", "secondary", "derived" or "assumption"), but is ${kindOf(e)}`);
    return raw.withEvidence(scenarioText, e);
  }
  return {
    evaluate(scenario, options) {
      const o = opts('evaluate', options, ['records', 'tables', 'evidence']);
      return JSON.parse(raw.evaluate(evidence('evaluate', text('evaluate', 'scenario', scenario), o), records('evaluate', o), tablesJson('evaluate', o.tables)));
    },
    uncertainty(scenario, options) {
      const o = opts('uncertainty', options, ['records', 'tables', 'evidence', 'progress']);
      // `options.progress(done, total)`: called as the Monte Carlo advances; `false` stops the run
      // (an Error of kind 'stopped'); an exception it throws stops the run and is thrown as it is.
      const p = o.progress;
      if (p !== undefined && p !== null && typeof p !== 'function') throw new TypeError(`uncertainty: options.progress must be a function (done, total) => boolean, but is ${kindOf(p)}`);
      let thrown = null;
      const report = p ? (done, total) => {
        try {
          return p(done, total) !== false;
        } catch (e) {
          thrown = { e };
          return false;
        }
      } : null;
      try {
        return JSON.parse(raw.uncertainty(evidence('uncertainty', text('uncertainty', 'scenario', scenario), o), records('uncertainty', o), tablesJson('uncertainty', o.tables), report));
      } catch (e) {
        if (thrown) throw thrown.e;
        throw e;
      }
    },
    validate(scenario, options) {
      const o = opts('validate', options, ['tables']);
      return JSON.parse(raw.validate(text('validate', 'scenario', scenario), tablesJson('validate', o.tables)));
    },
    listTables(options) {
      const o = opts('listTables', options, ['tables']);
      return JSON.parse(raw.listTables(tablesJson('listTables', o.tables)));
    },
    show(reference, options) {
      const o = opts('show', options, ['tables']);
      return JSON.parse(raw.show(reference, tablesJson('show', o.tables)));
    },
    diff(scenario, to, options) {
      const o = opts('diff', options, ['from', 'tables']);
      return JSON.parse(raw.diff(text('diff', 'scenario', scenario), to, o.from ?? null, tablesJson('diff', o.tables)));
    },
    compare(a, b, options) {
      const o = opts('compare', options, ['tables']);
      return JSON.parse(raw.compare(text('compare', 'a', a), text('compare', 'b', b), tablesJson('compare', o.tables)));
    },
    claim(scenario, options) {
      options = opts('claim', options, ['social', 'fiscal', 'combined', 'perFamily', 'records', 'tables', 'evidence']);
      const figures = { social: 'social_value', fiscal: 'fiscal_savings', combined: 'combined' };
      const given = Object.keys(figures).filter((k) => options[k] !== undefined && options[k] !== null);
      if (given.length !== 1) throw new TypeError('claim: give one of options.social, options.fiscal or options.combined, the claimed amount as a decimal string ("103000")');
      const amount = options[given[0]];
      if (typeof amount !== 'string') throw new TypeError(`claim: options.${given[0]} must be the claimed amount as a decimal string ("103000"), but is ${typeof amount}: a number may already have been rounded`);
      const perFamily = options.perFamily ?? false;
      if (typeof perFamily !== 'boolean') throw new TypeError('claim: options.perFamily must be true or false');
      const c = JSON.stringify({ figure: figures[given[0]], amount, per_family: perFamily });
      return JSON.parse(raw.claim(evidence('claim', text('claim', 'scenario', scenario), options), c, records('claim', options), tablesJson('claim', options.tables)));
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
