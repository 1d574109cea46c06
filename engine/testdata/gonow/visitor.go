package main

import (
	"fmt"
	"strings"
)

// An expression tree of alert rules.
type Node interface {
	Accept(v Visitor) any
}

type Visitor interface {
	VisitMetric(m Metric) any
	VisitConst(c Const) any
	VisitBinary(b *Binary) any
}

type Metric string
type Const float64

type Binary struct {
	Op          string
	Left, Right Node
}

func (m Metric) Accept(v Visitor) any  { return v.VisitMetric(m) }
func (c Const) Accept(v Visitor) any   { return v.VisitConst(c) }
func (b *Binary) Accept(v Visitor) any { return v.VisitBinary(b) }

type Printer struct{}

func (Printer) VisitMetric(m Metric) any { return string(m) }
func (Printer) VisitConst(c Const) any   { return fmt.Sprintf("%g", float64(c)) }
func (p Printer) VisitBinary(b *Binary) any {
	return "(" + b.Left.Accept(p).(string) + " " + b.Op + " " + b.Right.Accept(p).(string) + ")"
}

type Evaluator struct {
	values map[Metric]float64
	seen   []Metric
}

func (e *Evaluator) VisitMetric(m Metric) any {
	e.seen = append(e.seen, m)
	return e.values[m]
}
func (e *Evaluator) VisitConst(c Const) any { return float64(c) }
func (e *Evaluator) VisitBinary(b *Binary) any {
	l := b.Left.Accept(e).(float64)
	r := b.Right.Accept(e).(float64)
	switch b.Op {
	case "+":
		return l + r
	case "*":
		return l * r
	case ">":
		if l > r {
			return 1.0
		}
		return 0.0
	}
	panic("bad op " + b.Op)
}

// Walk counts nodes by kind with a type switch instead of a visitor.
func Walk(n Node, counts map[string]int) {
	switch t := n.(type) {
	case Metric:
		counts["metric"]++
	case Const:
		counts["const"]++
	case *Binary:
		counts["binary"]++
		Walk(t.Left, counts)
		Walk(t.Right, counts)
	}
}

func main() {
	rule := &Binary{">", &Binary{"+", Metric("cpu_user"), &Binary{"*", Metric("cpu_sys"), Const(2)}}, Const(0.9)}
	fmt.Println(rule.Accept(Printer{}))
	ev := &Evaluator{values: map[Metric]float64{"cpu_user": 0.5, "cpu_sys": 0.25}}
	fmt.Println(rule.Accept(ev), ev.seen)
	ev.values["cpu_sys"] = 0.1
	fmt.Println(rule.Accept(ev), len(ev.seen))
	counts := map[string]int{}
	Walk(rule, counts)
	fmt.Println(counts)
	var nodes []Node = []Node{Metric("a"), Const(1.5), rule.Left}
	var parts []string
	for _, n := range nodes {
		parts = append(parts, n.Accept(Printer{}).(string))
	}
	fmt.Println(strings.Join(parts, " ; "))
	var v Visitor = ev
	if _, ok := v.(Printer); !ok {
		fmt.Println("evaluator is no printer")
	}
	fmt.Println(Metric("x").Accept(Printer{}), Const(3).Accept(&Evaluator{}))
}
