"""Insert each dimension's `source` (where it comes from) after its summary."""
import json, pathlib, re
HERE = pathlib.Path(__file__).parent
SOURCES = {
    "strategy": 'csmaturity\'s own reading, not the article\'s: the article names no strategy dimension, but every motion and agent it describes needs a mandate, an owner for the number, a budget and agreed hand-offs with the other teams, which is what this dimension asks. Its areas follow common CS operating-model practice.',
    "journey": 'csmaturity\'s own reading: the article does not count it among the dimensions internal agents stress, but the agents it names for lifecycle automation, low-touch segments and in-product help run on segmentation, lifecycle stages, onboarding, adoption and digital journeys, which are this dimension\'s areas.',
    "data": 'The article\'s: internal agents "read the data foundation, health scoring, relationship intelligence, and the reporting layer", and those are its four areas as the article names them. The first dimension internal agents stress.',
    "engagement": 'The article\'s: internal agents preparing renewal briefs, expansion-readiness summaries and executive review packs surface this motion, and its areas are the ones the article names (renewals, expansion readiness, whitespace mapping, executive business reviews, and multithreading under the protect lever). Contracts and recovery (renewal terms, dunning, win-back) is csmaturity\'s addition: revenue lost to a notice period or a failed card is churn all the same.',
    "enablement": 'The article\'s: internal agents "run against the tech stack, the playbooks, the capacity model, and the governance layer" and expose "every undefined ownership boundary", and those are its five areas as the article names them.',
    "people": 'csmaturity\'s own reading: the article names no people dimension, but its destination (many agents beside few humans in the post-sale function) changes what every CS role does, so roles, skills, incentives and coverage ratios decide whether the team can run the motion and supervise agents.',
    "value": 'csmaturity\'s own reading, built on the article\'s expand lever: which customers "have realized value against their original business case", and "the gap between value realized and value monetized where NRR leaks". The article names no value dimension; voice of the customer and advocacy are common CS practice added here.',
}
for dim, src in SOURCES.items():
    p = HERE / f"new_{dim}.toml"
    text = p.read_text()
    if "\nsource = " in text.split("[[dimensions.elements]]")[0]:
        text = re.sub(r'\nsource = "[^\n]*"\n', "\n", text, count=1)
    text = re.sub(r'(\nsummary = "[^\n]*"\n)', lambda m: m.group(1) + 'source = ' + json.dumps(src, ensure_ascii=False) + '\n', text, count=1)
    p.write_text(text)
    print(dim, "ok")
