package io.inventiv.pipeline.jenkinstest.harness

import groovy.json.JsonSlurper
import org.junit.Test

/** What the harness lets a step return: plain values all the way down, nothing lazy or live. */
class PlainValuesTest {

    @Test
    void plainMapsListsStringsNumbersAndBooleansPass() {
        HashMap value = new HashMap([a: 'x', n: 1, big: 2L, d: 1.5, ok: true, none: null,
                                     list: new ArrayList([new HashMap([k: 'v'])])])
        assert PlainValues.firstNonPlain(value, 'result') == null
    }

    @Test
    void aLazyJsonMapAGStringAndAMatcherAreNamedWithTheirPath() {
        assert PlainValues.firstNonPlain(new JsonSlurper().parseText('{"a":1}'), 'result') ==
                'result: groovy.json.internal.LazyMap'
        String who = 'api'
        assert PlainValues.firstNonPlain(new HashMap([name: "service ${who}"]), 'result') ==
                'result.name: org.codehaus.groovy.runtime.GStringImpl'
        assert PlainValues.firstNonPlain(new ArrayList([('abc' =~ /b/)]), 'result') == 'result[0]: java.util.regex.Matcher'
        assert PlainValues.firstNonPlain(new HashMap([(1): 'x']), 'result') == 'result has a key of java.lang.Integer'
    }
}
