/** Tests of the Mermaid diagrams saga definitions render ({@link dev.natsaga.saga.SagaDiagram}). */
package dev.natsaga.saga.diagram;
