package io.productionmanager.local;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reads scheduler ids the way scancel takes them: {@code 260} (the whole array) or {@code 260_3} (one task). */
final class TaskIds {

    private TaskIds() {
    }

    /**
     * The ids grouped by array: a null set stands for the whole array. Ids that are neither form are left out
     * and named in {@code ignored}.
     */
    static Map<String, Set<Integer>> byArray(Collection<String> ids, Collection<String> ignored) {
        Map<String, Set<Integer>> requested = new LinkedHashMap<>();
        for (String id : ids) {
            int underscore = id.indexOf('_');
            String arrayId = underscore < 0 ? id : id.substring(0, underscore);
            if (!arrayId.matches("\\d{1,18}")) {
                ignored.add(id);
            } else if (underscore < 0) {
                requested.put(arrayId, null);
            } else if (!requested.containsKey(arrayId) || requested.get(arrayId) != null) {
                try {
                    requested.computeIfAbsent(arrayId, k -> new HashSet<>())
                            .add(Integer.parseInt(id.substring(underscore + 1)));
                } catch (NumberFormatException e) {
                    ignored.add(id);
                }
            }
        }
        return requested;
    }
}
