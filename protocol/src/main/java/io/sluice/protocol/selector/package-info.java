/**
 * JMS message selectors (Jakarta Messaging 3.1, section 3.8.1): {@link
 * io.sluice.protocol.selector.Selector} parses and type-checks a selector once and evaluates it
 * against messages seen through a {@link io.sluice.protocol.selector.SelectorContext}. The broker
 * evaluates selectors; the client only parses them to report errors early. Depends on the JDK
 * only. Grammar, type rules, NULL logic and limits: {@code docs/selectors.md}.
 */
package io.sluice.protocol.selector;
