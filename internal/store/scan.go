package store

import (
	"fmt"
	"reflect"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// scanRow is row.Scan with plans made once. pgx plans how to scan each
// column once per result set, by reflection: reading the five results of
// an uncached home page (as it was then) made 85 plans, a sixth of
// Vestnik's time reading them. A plan depends only on the column's type
// and format and on the destination's type, so it is remembered. pgx's
// type map and plans are not made for use by many goroutines at once: a
// goroutine takes a set of them from a pool for one row.
func scanRow(row pgx.CollectableRow, dest ...any) error {
	fields, values := row.FieldDescriptions(), row.RawValues()
	if len(fields) != len(dest) {
		return fmt.Errorf("store: %d columns scanned into %d values", len(fields), len(dest))
	}
	ps := scanPlanSets.Get().(*scanPlans)
	defer scanPlanSets.Put(ps)
	for i, d := range dest {
		if d == nil {
			continue
		}
		k := planKey{oid: fields[i].DataTypeOID, format: fields[i].Format, dest: reflect.TypeOf(d)}
		p := ps.plan(i, k, d)
		if err := p.Scan(values[i], d); err != nil {
			return pgx.ScanArgError{ColumnIndex: i, FieldName: fields[i].Name, Err: err}
		}
	}
	return nil
}

// scanPlans are the plans one goroutine uses at a time, with the type map
// they were made from (the default one: Vestnik registers no types).
type scanPlans struct {
	types *pgtype.Map
	plans map[planKey]pgtype.ScanPlan
	// columns are the plans of the last row scanned with this set, by
	// column: the next row is most often of the same statement, and
	// comparing a key is cheaper than hashing it (the map's lookups were
	// a fortieth of an uncached home page's CPU).
	columns []planned
}

type planned struct {
	key  planKey
	plan pgtype.ScanPlan
}

// plan is the plan of column i, of key k, scanning into d.
func (ps *scanPlans) plan(i int, k planKey, d any) pgtype.ScanPlan {
	if i < len(ps.columns) && ps.columns[i].key == k {
		return ps.columns[i].plan
	}
	p, ok := ps.plans[k]
	if !ok {
		p = ps.types.PlanScan(k.oid, k.format, d)
		ps.plans[k] = p
	}
	if i >= len(ps.columns) {
		ps.columns = append(ps.columns, make([]planned, i+1-len(ps.columns))...)
	}
	ps.columns[i] = planned{k, p}
	return p
}

type planKey struct {
	oid    uint32
	format int16
	dest   reflect.Type
}

var scanPlanSets = sync.Pool{New: func() any {
	return &scanPlans{types: pgtype.NewMap(), plans: map[planKey]pgtype.ScanPlan{}}
}}
