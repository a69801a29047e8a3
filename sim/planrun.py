"""Plan mode: the engine carries out the community plan's rules itself.

When a rule's trigger holds, its actions are applied after the rule's execution delay
(drawn from the plan's own random stream), unless the draw says they fail.
"""


class PlanRunner:
    """Arms every rule of the plan on an engine."""

    def __init__(self, engine):
        self.engine = engine
        for rule in engine.scenario.plan.rules:
            engine.watch(rule.when, lambda t, rule=rule: self._fire(rule, t))

    def _fire(self, rule, t):
        engine = self.engine
        delay, done = engine.draw_plan(rule)
        engine.log("plan_rule", rule=rule.id, name=rule.name, carried_out=done, delay_h=round(delay, 4))
        if not done:
            return
        if delay > 0:
            engine.env.timeout(delay).callbacks.append(lambda _e: self._apply(rule))
        else:
            self._apply(rule)

    def _apply(self, rule):
        for action in rule.do:
            self.engine.apply(action, source=f"plan:{rule.id}")
