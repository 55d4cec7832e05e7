<#-- qa/index.html; rendered with HTML auto-escaping, so every ${...} is escaped -->
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1060px;color:#222}
h1{margin-bottom:.2rem}.meta{color:#666;margin-top:0}
.cards{display:flex;flex-wrap:wrap;gap:.6rem;margin:1rem 0}
.card{border:1px solid #ddd;border-radius:6px;padding:.5rem .9rem;min-width:7rem}
.card b{display:block;font-size:1.4rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}
th,td{border:1px solid #ddd;padding:.25rem .6rem;text-align:left}
td.n{text-align:right}th{background:#f4f4f4}
img{max-width:100%;height:auto;border:1px solid #eee;margin:.5rem 0}
</style>
</head>
<body>
<h1>${title}</h1>
<p class="meta">version ${version} · tag ${tag} · generated ${generatedAt}</p>
<div class="cards">
<#list cards as card>
<div class="card"><b>${card.value}</b>${card.label}</div>
</#list>
</div>
<p>Full reports: <a href="${json}">validation_report.json</a> · <a href="${markdown}">validation_report.md</a></p>
<#if efficiency??>
<h2>Resource efficiency</h2>
<pre>${efficiency}</pre>
</#if>
<h2>Charts</h2>
<#list plots as plot>
<p><a href="${plot}"><img src="${plot}" width="1000" height="600" alt="${plot}"></a></p>
</#list>
<h2>Failures by reason</h2>
<#if reasons?has_content>
<table>
<tr><th>Reason code</th><th>Failed attempts</th><th>Jobs now FAILED</th><th>Recorded reasons (most frequent)</th></tr>
<#list reasons as r>
<tr><td>${r.code}</td><td class="n">${r.attempts}</td><td class="n">${r.failedJobs}</td><td><#list r.details as d>${d}<#sep><br></#sep></#list></td></tr>
</#list>
</table>
<#else>
<p>No failures.</p>
</#if>
<h2 id="failed-jobs">Failed jobs (${failedCount})</h2>
<#if failed?has_content>
<table>
<tr><th>Job</th><th>Realization</th><th>Redshift</th><th>Attempts</th><th>Exit code</th><th>Reason</th></tr>
<#list failed as j>
<tr><td>${j.id}</td><td class="n">${j.realization}</td><td class="n">${j.redshift}</td><td class="n">${j.attempt}</td><td class="n">${j.exitCode}</td><td>${j.reason}</td></tr>
</#list>
</table>
<#if more??>
<p>… and ${more} more failed jobs, listed in the JSON report.</p>
</#if>
<#else>
<p>No job is in state FAILED.</p>
</#if>
</body>
</html>
