// Golden outputs for ReportFixture. Exact bytes: a change here is a change of a documented format.
// Refresh: JAMLINT_GOLDEN_DUMP=/tmp/dir swift test --skip-build --filter GoldenProbe, then review the diff.

enum Golden {
    static let text = #"""
agenda/ks-2025-041.md:3:15: warning: flickor och pojkar saknas [JAM006]
 3 | Förvaltningen   föreslår att nämnden
   |                 ^^^^^^^^

agenda/ks-2025-041.md:3:28: error: konsekvensanalys saknas [JAM001]
 3 | Förvaltningen   föreslår att nämnden
   |                              ^^^^^^^
   = hjälp: lägg till ett avsnitt om konsekvenser
   = obs: gäller beslut om förskola

agenda/ks-2025-041.md:4:11: note: överväg att nämna kvinnor och män [JAM010]
 4 | beslutar. Åtgärden påverkar flickor.
   |           ^^^^^^^^

agenda/statistik.md:1:7: warning: andel "50 %" <utan> kön & ålder, x: y [JAM008]
 1 | Andel 50 % kvinnor
   |       ^^^^

agenda/trasig.md:2:4: error: invalid UTF-8 at byte offset 9; save the file as UTF-8 [parse]

Totalt: 1 fel, 2 varningar, 1 anmärkning i 4 filer; 1 fil kunde inte läsas

"""#

    static let textEnglish = #"""
agenda/ks-2025-041.md:3:15: warning: flickor och pojkar saknas [JAM006]
 3 | Förvaltningen   föreslår att nämnden
   |                 ^^^^^^^^

agenda/ks-2025-041.md:3:28: error: konsekvensanalys saknas [JAM001]
 3 | Förvaltningen   föreslår att nämnden
   |                              ^^^^^^^
   = help: lägg till ett avsnitt om konsekvenser
   = note: gäller beslut om förskola

agenda/ks-2025-041.md:4:11: note: överväg att nämna kvinnor och män [JAM010]
 4 | beslutar. Åtgärden påverkar flickor.
   |           ^^^^^^^^

agenda/statistik.md:1:7: warning: andel "50 %" <utan> kön & ålder, x: y [JAM008]
 1 | Andel 50 % kvinnor
   |       ^^^^

agenda/trasig.md:2:4: error: invalid UTF-8 at byte offset 9; save the file as UTF-8 [parse]

Total: 1 error, 2 warnings, 1 note in 4 files; 1 file could not be read

"""#

    static let json = #"""
{"schema":"jamlint-report","version":1,"tool":{"name":"jamlint","version":"0.1.0"},"language":"sv","files":[
{"path":"agenda/ks-2025-041.md","findings":[{"ruleId":"JAM006","alias":"barn-saknas","severity":"warning","message":"flickor och pojkar saknas","help":null,"notes":[],"matchedText":"föreslår","section":"Beslut om förskola","start":{"offset":40,"line":3,"column":15},"end":{"offset":50,"line":3,"column":23},"fingerprint":"2007626a809d88c26ec4a891b20d4b4d"},{"ruleId":"JAM001","alias":"konsekvensanalys-saknas","severity":"error","message":"konsekvensanalys saknas","help":"lägg till ett avsnitt om konsekvenser","notes":["gäller beslut om förskola"],"matchedText":"nämnden","section":null,"start":{"offset":55,"line":3,"column":28},"end":{"offset":73,"line":4,"column":9},"fingerprint":"3af0b0c76ed8db1d9df22e455876bd24"},{"ruleId":"JAM010","alias":null,"severity":"note","message":"överväg att nämna kvinnor och män","help":null,"notes":[],"matchedText":"Åtgärden","section":null,"start":{"offset":75,"line":4,"column":11},"end":{"offset":85,"line":4,"column":19},"fingerprint":"2a027dff6ad859fd8a02944bc7b7a9e8"}],"error":null},
{"path":"agenda/statistik.md","findings":[{"ruleId":"JAM008","alias":null,"severity":"warning","message":"andel \"50 %\" <utan> kön & ålder, x: y","help":null,"notes":[],"matchedText":"50 %","section":null,"start":{"offset":6,"line":1,"column":7},"end":{"offset":10,"line":1,"column":11},"fingerprint":"6e68aad22a6cc5d1d519b23f0d4fbd54"}],"error":null},
{"path":"agenda/trasig.md","findings":[],"error":{"message":"invalid UTF-8 at byte offset 9; save the file as UTF-8","line":2,"column":4}},
{"path":"agenda/ren.md","findings":[],"error":null}
],"summary":{"errors":1,"warnings":2,"notes":1,"files":4,"unreadable":1,"baselined":0}}

"""#

    static let sarif = #"""
{
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "version": "2.1.0",
  "runs": [
    {
      "tool": {
        "driver": {
          "name": "jamlint",
          "version": "0.1.0",
          "semanticVersion": "0.1.0",
          "rules": [
            {
              "id": "JAM001",
              "name": "konsekvensanalys-saknas",
              "shortDescription": {
                "text": "Konsekvensanalys saknas"
              },
              "fullDescription": {
                "text": "SKR moment 7."
              },
              "help": {
                "text": "lägg till ett avsnitt om konsekvenser"
              },
              "defaultConfiguration": {
                "level": "error"
              },
              "properties": {
                "kind": "requiredSection"
              }
            },
            {
              "id": "JAM006",
              "name": "barn-saknas",
              "shortDescription": {
                "text": "Flickor och pojkar nämns inte"
              },
              "fullDescription": {
                "text": "Barn berörs."
              },
              "help": {
                "text": "Flickor och pojkar nämns inte"
              },
              "defaultConfiguration": {
                "level": "warning"
              },
              "properties": {
                "kind": "mentions"
              }
            }
          ]
        }
      },
      "invocations": [
        {
          "executionSuccessful": false,
          "toolExecutionNotifications": [
            {
              "level": "error",
              "message": {
                "text": "invalid UTF-8 at byte offset 9; save the file as UTF-8"
              },
              "locations": [
                {
                  "physicalLocation": {
                    "artifactLocation": {
                      "uri": "agenda/trasig.md",
                      "uriBaseId": "%SRCROOT%"
                    },
                    "region": {
                      "startLine": 2,
                      "startColumn": 4
                    }
                  }
                }
              ],
              "descriptor": {
                "id": "parse"
              }
            }
          ]
        }
      ],
      "columnKind": "unicodeCodePoints",
      "results": [
        {
          "ruleId": "JAM006",
          "ruleIndex": 1,
          "level": "warning",
          "message": {
            "text": "flickor och pojkar saknas"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "agenda/ks-2025-041.md",
                  "uriBaseId": "%SRCROOT%"
                },
                "region": {
                  "startLine": 3,
                  "startColumn": 15,
                  "endLine": 3,
                  "endColumn": 23,
                  "byteOffset": 40,
                  "byteLength": 10
                }
              }
            }
          ],
          "partialFingerprints": {
            "jamlint/v1": "2007626a809d88c26ec4a891b20d4b4d"
          }
        },
        {
          "ruleId": "JAM001",
          "ruleIndex": 0,
          "level": "error",
          "message": {
            "text": "konsekvensanalys saknas\nlägg till ett avsnitt om konsekvenser"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "agenda/ks-2025-041.md",
                  "uriBaseId": "%SRCROOT%"
                },
                "region": {
                  "startLine": 3,
                  "startColumn": 28,
                  "endLine": 4,
                  "endColumn": 9,
                  "byteOffset": 55,
                  "byteLength": 18
                }
              }
            }
          ],
          "partialFingerprints": {
            "jamlint/v1": "3af0b0c76ed8db1d9df22e455876bd24"
          }
        },
        {
          "ruleId": "JAM010",
          "level": "note",
          "message": {
            "text": "överväg att nämna kvinnor och män"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "agenda/ks-2025-041.md",
                  "uriBaseId": "%SRCROOT%"
                },
                "region": {
                  "startLine": 4,
                  "startColumn": 11,
                  "endLine": 4,
                  "endColumn": 19,
                  "byteOffset": 75,
                  "byteLength": 10
                }
              }
            }
          ],
          "partialFingerprints": {
            "jamlint/v1": "2a027dff6ad859fd8a02944bc7b7a9e8"
          }
        },
        {
          "ruleId": "JAM008",
          "level": "warning",
          "message": {
            "text": "andel \"50 %\" <utan> kön & ålder, x: y"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "agenda/statistik.md",
                  "uriBaseId": "%SRCROOT%"
                },
                "region": {
                  "startLine": 1,
                  "startColumn": 7,
                  "endLine": 1,
                  "endColumn": 11,
                  "byteOffset": 6,
                  "byteLength": 4
                }
              }
            }
          ],
          "partialFingerprints": {
            "jamlint/v1": "6e68aad22a6cc5d1d519b23f0d4fbd54"
          }
        }
      ]
    }
  ]
}

"""#

    static let github = #"""
::warning file=agenda/ks-2025-041.md,line=3,col=15,endLine=3,endColumn=23,title=JAM006 (barn-saknas)::flickor och pojkar saknas
::error file=agenda/ks-2025-041.md,line=3,col=28,endLine=4,endColumn=9,title=JAM001 (konsekvensanalys-saknas)::konsekvensanalys saknas%0Ahjälp: lägg till ett avsnitt om konsekvenser
::notice file=agenda/ks-2025-041.md,line=4,col=11,endLine=4,endColumn=19,title=JAM010::överväg att nämna kvinnor och män
::warning file=agenda/statistik.md,line=1,col=7,endLine=1,endColumn=11,title=JAM008::andel "50 %25" <utan> kön & ålder, x: y
::error file=agenda/trasig.md,line=2,col=4,title=jamlint parse::invalid UTF-8 at byte offset 9; save the file as UTF-8

"""#

    static let gitlab = #"""
[
  {
    "description": "JAM006: flickor och pojkar saknas",
    "check_name": "JAM006",
    "fingerprint": "2007626a809d88c26ec4a891b20d4b4d",
    "severity": "minor",
    "location": {
      "path": "agenda/ks-2025-041.md",
      "lines": {
        "begin": 3,
        "end": 3
      }
    }
  },
  {
    "description": "JAM001: konsekvensanalys saknas",
    "check_name": "JAM001",
    "fingerprint": "3af0b0c76ed8db1d9df22e455876bd24",
    "severity": "major",
    "location": {
      "path": "agenda/ks-2025-041.md",
      "lines": {
        "begin": 3,
        "end": 4
      }
    }
  },
  {
    "description": "JAM010: överväg att nämna kvinnor och män",
    "check_name": "JAM010",
    "fingerprint": "2a027dff6ad859fd8a02944bc7b7a9e8",
    "severity": "info",
    "location": {
      "path": "agenda/ks-2025-041.md",
      "lines": {
        "begin": 4,
        "end": 4
      }
    }
  },
  {
    "description": "JAM008: andel \"50 %\" <utan> kön & ålder, x: y",
    "check_name": "JAM008",
    "fingerprint": "6e68aad22a6cc5d1d519b23f0d4fbd54",
    "severity": "minor",
    "location": {
      "path": "agenda/statistik.md",
      "lines": {
        "begin": 1,
        "end": 1
      }
    }
  },
  {
    "description": "parse: invalid UTF-8 at byte offset 9; save the file as UTF-8",
    "check_name": "parse",
    "fingerprint": "33c370586b9f4d7d0d0d1775d4d7a62c",
    "severity": "blocker",
    "location": {
      "path": "agenda/trasig.md",
      "lines": {
        "begin": 2,
        "end": 2
      }
    }
  }
]

"""#

    static let junit = #"""
<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="jamlint" tests="6" failures="1" errors="1" time="0">
    <testcase classname="agenda/ks-2025-041.md" name="JAM006/barn-saknas" time="0">
      <system-out>warning: flickor och pojkar saknas (rad 3, kolumn 15)</system-out>
    </testcase>
    <testcase classname="agenda/ks-2025-041.md" name="JAM001/konsekvensanalys-saknas" time="0">
      <failure type="error" message="konsekvensanalys saknas">rad 3, kolumn 28&#10;lägg till ett avsnitt om konsekvenser</failure>
    </testcase>
    <testcase classname="agenda/ks-2025-041.md" name="JAM010" time="0">
      <system-out>note: överväg att nämna kvinnor och män (rad 4, kolumn 11)</system-out>
    </testcase>
    <testcase classname="agenda/statistik.md" name="JAM008" time="0">
      <system-out>warning: andel &quot;50 %&quot; &lt;utan&gt; kön &amp; ålder, x: y (rad 1, kolumn 7)</system-out>
    </testcase>
    <testcase classname="agenda/trasig.md" name="parse" time="0">
      <error message="invalid UTF-8 at byte offset 9; save the file as UTF-8">rad 2, kolumn 4</error>
    </testcase>
    <testcase classname="agenda/ren.md" name="jamlint" time="0"/>
  </testsuite>
</testsuites>

"""#

    static let checkstyle = #"""
<?xml version="1.0" encoding="UTF-8"?>
<checkstyle version="4.3">
  <file name="agenda/ks-2025-041.md">
    <error line="3" column="15" severity="warning" message="flickor och pojkar saknas" source="jamlint.rules.JAM006"/>
    <error line="3" column="28" severity="error" message="konsekvensanalys saknas" source="jamlint.rules.JAM001"/>
    <error line="4" column="11" severity="info" message="överväg att nämna kvinnor och män" source="jamlint.rules.JAM010"/>
  </file>
  <file name="agenda/statistik.md">
    <error line="1" column="7" severity="warning" message="andel &quot;50 %&quot; &lt;utan&gt; kön &amp; ålder, x: y" source="jamlint.rules.JAM008"/>
  </file>
  <file name="agenda/trasig.md">
    <error line="2" column="4" severity="error" message="invalid UTF-8 at byte offset 9; save the file as UTF-8" source="jamlint.parse"/>
  </file>
</checkstyle>

"""#

}
