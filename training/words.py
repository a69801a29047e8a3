"""The words of scoring and the report in English and Chinese."""
STATUS = {
    "full": {"en": "on time", "zh": "按时完成"},
    "late": {"en": "late", "zh": "延迟"},
    "partial": {"en": "partly done", "zh": "部分完成"},
    "early": {"en": "before the trigger", "zh": "触发前执行"},
    "wrong": {"en": "wrong target or channel", "zh": "对象或渠道错误"},
    "missing": {"en": "missing", "zh": "未执行"},
}
RATING = {
    "P": {"en": "P - performed without challenges", "zh": "P - 顺利完成"},
    "S": {"en": "S - performed with some challenges", "zh": "S - 完成但存在一些问题"},
    "M": {"en": "M - performed with major challenges", "zh": "M - 完成但存在重大问题"},
    "U": {"en": "U - unable to be performed", "zh": "U - 未能完成"},
    "-": {"en": "not observed", "zh": "未观察到"},
}
GRADE = {
    "excellent": {"en": "excellent", "zh": "优秀"},
    "good": {"en": "good", "zh": "良好"},
    "pass": {"en": "pass", "zh": "合格"},
    "fail": {"en": "fail", "zh": "不合格"},
}
SOURCE = {
    "rule": {"en": "plan rule", "zh": "预案条款"},
    "inject": {"en": "inject", "zh": "情景注入"},
    "decision": {"en": "decision point", "zh": "决策点"},
}


def hm(hours, lang="en"):
    """Hours as ``1 h 05 min`` / ``1小时05分``."""
    minutes = round(abs(hours) * 60)
    h, m = divmod(minutes, 60)
    if lang == "zh":
        text = f"{h}小时{m:02d}分" if h else f"{m}分钟"
    else:
        text = f"{h} h {m:02d} min" if h else f"{m} min"
    return f"-{text}" if hours < 0 else text


def clock(t):
    """Sim time as ``T+14:20``."""
    minutes = round(t * 60)
    return f"T+{minutes // 60:02d}:{minutes % 60:02d}"


def verdict_text(v, lang="en"):
    """What was expected and what the team did, in *lang*, citing the team's actions."""
    return v.explain(lang)


def role_name(exercise, role_id, lang="en"):
    role = exercise.roles.get(role_id) if role_id else None
    if role is None:
        return role_id or ("指挥长" if lang == "zh" else "commander")
    return (role.name_zh or role.name or role.id) if lang == "zh" else (role.name or role.id)
