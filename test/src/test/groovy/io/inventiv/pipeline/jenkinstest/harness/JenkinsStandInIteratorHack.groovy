package io.inventiv.pipeline.jenkinstest.harness

/**
 * Stand-in for workflow-cps' IteratorHack (not on Maven Central): inside CPS code Jenkins gives
 * lists and maps serializable iterators, so a {@code for (x in list)} loop survives a step.
 * Without it the harness would fail loops Jenkins runs fine.
 */
class JenkinsStandInIteratorHack {

    static Iterator iterator(List self) {
        return new ListIterator(self)
    }

    static Iterator iterator(Map self) {
        return new ListIterator(new ArrayList(self.entrySet().toList().collect { new SerializableEntry(it.key, it.value) }))
    }

    /** Walks a list by index; serializable when the list is. */
    static class ListIterator implements Iterator, Serializable {
        private static final long serialVersionUID = 1L
        private final List list
        private int next

        ListIterator(List list) {
            this.list = list
        }

        boolean hasNext() {
            return next < list.size()
        }

        Object next() {
            if (!hasNext()) {
                throw new NoSuchElementException()
            }
            return list.get(next++)
        }

        void remove() {
            throw new UnsupportedOperationException()
        }
    }

    static class SerializableEntry implements Map.Entry, Serializable {
        private static final long serialVersionUID = 1L
        final Object key
        final Object value

        SerializableEntry(Object key, Object value) {
            this.key = key
            this.value = value
        }

        Object setValue(Object v) {
            throw new UnsupportedOperationException()
        }
    }
}
