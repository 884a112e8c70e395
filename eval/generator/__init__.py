"""Generator of internally consistent budget reports with planted, exactly labelled errors.

Three styles mirror the seeds: ``dept`` (部门整体支出绩效自评报告, seeds 000/001/004), ``selfeval``
(整体支出绩效自评报告 with 自评表, seed 003's second half) and ``accounts`` (部门决算 with 公开表 and
说明, seed 003's first half); a fourth, ``project`` (项目支出绩效自评报告 with the 项目支出绩效自评表,
seed 003's 自评表 layout in its project form), is written as its own set (``--style project``).
Every sentence is a template adapted from a seed sentence, because the rule extractor is tuned on
those phrasings; a miss on a generated sentence is then a real gap.

Reproducible: one ``random.Random(seed)`` drives everything, Decimal with ROUND_HALF_UP does the
arithmetic, and .docx files are written with fixed zip timestamps.
"""
